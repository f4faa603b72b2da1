// Namespaces that most files of this project use; a file adds its own using only for what few files need.
global using CrmBlazor.Core.Common;
global using CrmBlazor.Core.Data;
global using CrmBlazor.Core.Deals;
global using CrmBlazor.Core.Identity;
global using CrmBlazor.Core.Live;
global using CrmBlazor.Core.Pipelines;
global using Microsoft.EntityFrameworkCore;
global using Microsoft.Extensions.DependencyInjection;
