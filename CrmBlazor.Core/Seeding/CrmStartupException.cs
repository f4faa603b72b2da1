namespace CrmBlazor.Core.Seeding;

/// <summary>
/// The app cannot start with this configuration (demo data and a first admin at once, no first admin for a new
/// database, a password the rules refuse). The message tells the operator what to change; no stack trace is needed.
/// </summary>
public sealed class CrmStartupException(string message) : Exception(message);
