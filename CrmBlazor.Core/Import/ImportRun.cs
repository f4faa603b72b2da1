namespace CrmBlazor.Core.Import;

public enum ImportRunState
{
    Queued,
    Running,
    Done,
    Cancelled,
    /// <summary>Stopped by an error after some batches were committed (they stay, listed by the run).</summary>
    Failed,
    Undone,
}

public enum ImportRecordAction
{
    Created,
    Updated,
}

/// <summary>One import of a file: its settings, where it is, its counts, and what it created and changed (<see cref="ImportRunRecord"/>).</summary>
public class ImportRun
{
    public int Id { get; set; }
    public ElementKind Kind { get; set; } = ElementKind.Lead;
    public required string FileName { get; set; }
    /// <summary>Where the uploaded file is kept while the run needs it (deleted when the run ends).</summary>
    public string? StoredPath { get; set; }
    /// <summary>The read options, mapping, duplicate rule and responsible user, as JSON (<see cref="LeadImportSettings"/>).</summary>
    public required string SettingsJson { get; set; }
    public required string CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public ImportRunState State { get; set; }
    public int TotalRows { get; set; }
    public int RowsRead { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Skipped { get; set; }
    public int Failed { get; set; }
    /// <summary>Batches committed (each its own transaction).</summary>
    public int Batches { get; set; }
    /// <summary>Why the run stopped (a message key), when it failed.</summary>
    public string? Error { get; set; }
    public DateTime? UndoneAt { get; set; }
    /// <summary>The file's header (JSON), for the failed-rows file.</summary>
    public string? HeaderJson { get; set; }
}

/// <summary>A record a run created or updated (the run's tag on it); an update keeps the record as it was, to undo it.</summary>
public class ImportRunRecord
{
    public long Id { get; set; }
    public int RunId { get; set; }
    public ElementKind ElementKind { get; set; }
    public int ElementId { get; set; }
    public ImportRecordAction Action { get; set; }
    /// <summary>The record's version right after the import wrote it: undo refuses a record whose version moved on.</summary>
    public int VersionAfter { get; set; }
    /// <summary>For an update: the record's input before it (JSON).</summary>
    public string? BeforeJson { get; set; }
}

/// <summary>A row that failed: its number and cells as read, and why (message keys and values, JSON).</summary>
public class ImportRunFailure
{
    public long Id { get; set; }
    public int RunId { get; set; }
    public int RowNumber { get; set; }
    public required string CellsJson { get; set; }
    public required string ErrorsJson { get; set; }
}

/// <summary>A mapping saved under a name, offered for the next file.</summary>
public class ImportPreset
{
    public int Id { get; set; }
    public ElementKind Kind { get; set; } = ElementKind.Lead;
    public required string Name { get; set; }
    /// <summary>Column header (as <see cref="LeadImportMapping.Key"/> compares it) → field, as JSON.</summary>
    public required string MappingJson { get; set; }
    public required string CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
}
