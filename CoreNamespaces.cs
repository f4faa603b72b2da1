// CrmBlazor.Core's feature namespaces, which most files of Core, the web app and the tests use.
// Each of those projects compiles this one file (see its .csproj), so a file adds its own using only for what few files need.
global using CrmBlazor.Core.Access;
global using CrmBlazor.Core.Activities;
global using CrmBlazor.Core.Catalog;
global using CrmBlazor.Core.Common;
global using CrmBlazor.Core.Companies;
global using CrmBlazor.Core.Contacts;
global using CrmBlazor.Core.Currencies;
global using CrmBlazor.Core.CustomFields;
global using CrmBlazor.Core.Data;
global using CrmBlazor.Core.Deals;
global using CrmBlazor.Core.Identity;
global using CrmBlazor.Core.Leads;
global using CrmBlazor.Core.Live;
global using CrmBlazor.Core.Pipelines;
global using CrmBlazor.Core.Search;
global using CrmBlazor.Core.RecycleBin;
global using CrmBlazor.Core.SavedViews;
global using CrmBlazor.Core.Team;
global using CrmBlazor.Core.Timeline;
global using CrmBlazor.Core.WebForms;
global using CrmBlazor.Core.Mail;
