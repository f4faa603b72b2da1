// Namespaces that most files of this project use besides Core's own (../CoreNamespaces.cs); a file adds its own using only for what few files need.
global using CrmBlazor.Core.Parties;
global using Microsoft.EntityFrameworkCore;
