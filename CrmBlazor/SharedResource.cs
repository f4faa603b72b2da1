namespace CrmBlazor;

/// <summary>The marker type of the UI's strings (<c>Resources/SharedResource.resx</c> and its Polish twin).</summary>
public sealed class SharedResource;
