// Namespaces that most files of this project use besides Core's own (../CoreNamespaces.cs); a file adds its own using only for what few files need.
global using CrmBlazor.Components.Shared;
global using CrmBlazor.Live;
global using CrmBlazor.Security;
global using Microsoft.AspNetCore.Components;
global using Microsoft.Extensions.Localization;
global using MudBlazor;
