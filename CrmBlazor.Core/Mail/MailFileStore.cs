using Microsoft.Extensions.Options;

namespace CrmBlazor.Core.Mail;

/// <summary>Where mail attachments (and messages kept aside) live: the local disk by default, one interface for any other store.</summary>
public interface IMailFileStore
{
    /// <summary>Keeps <paramref name="content"/> and returns its key; fails when it is larger than the cap.</summary>
    Task<string> SaveAsync(Stream content, CancellationToken ct = default);

    Task<Stream> OpenAsync(string key, CancellationToken ct = default);

    /// <summary>Removes the file of <paramref name="key"/> for good (a GDPR erasure); nothing when it is not there.</summary>
    Task DeleteAsync(string key, CancellationToken ct = default);
}

/// <summary>Files under <see cref="MailOptions.FileDirectory"/>, named by a random key; the size cap is <see cref="MailOptions.MaxAttachmentMegabytes"/>.</summary>
public sealed class LocalMailFileStore(IOptions<CrmOptions> options, string contentRoot) : IMailFileStore
{
    private string Root
    {
        get
        {
            var configured = options.Value.Mail.FileDirectory;
            var root = string.IsNullOrWhiteSpace(configured) ? Path.Combine(contentRoot, "mail-files") : Path.Combine(contentRoot, configured);
            Directory.CreateDirectory(root);
            return root;
        }
    }

    public async Task<string> SaveAsync(Stream content, CancellationToken ct = default)
    {
        var key = Guid.NewGuid().ToString("N");
        var path = Path.Combine(Root, key);
        var max = options.Value.Mail.MaxAttachmentBytes;
        await using (var file = File.Create(path))
        {
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, ct)) > 0)
            {
                total += read;
                if (total > max)
                {
                    file.Close();
                    File.Delete(path);
                    throw new MailFileTooLargeException(max);
                }
                await file.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        return key;
    }

    public Task<Stream> OpenAsync(string key, CancellationToken ct = default) =>
        Task.FromResult<Stream>(File.OpenRead(PathOf(key)));

    public Task DeleteAsync(string key, CancellationToken ct = default)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    private string PathOf(string key) =>
        key.Length == 32 && key.All(char.IsAsciiHexDigitLower) ? Path.Combine(Root, key) : throw new FileNotFoundException("No such mail file.", key);
}

public sealed class MailFileTooLargeException(long max) : Exception($"The file is larger than the {max / (1024 * 1024)} MB cap.");

/// <summary>The <c>Crm:Mail</c> settings.</summary>
public sealed class MailOptions
{
    /// <summary>Run the background reader (on by default; a host may turn it off on some of its servers).</summary>
    public bool ReaderEnabled { get; set; } = true;

    /// <summary>Seconds between checks of a server that does not offer IMAP IDLE.</summary>
    public int PollSeconds { get; set; } = 60;

    /// <summary>The longest wait, in seconds, between attempts at a server that is down (the back-off doubles up to it).</summary>
    public int MaxBackOffSeconds { get; set; } = 300;

    /// <summary>The least <see cref="IntakeShare"/> taken (a smaller one is raised to it).</summary>
    public const double MinIntakeShare = 0.05;

    /// <summary>
    /// The share of time the reader spends filing a backlog (many waiting messages): before each piece of its work (a
    /// FETCH, a transaction) it rests until its work has been this share of the time, so users' saves and pages are
    /// not slowed by it (<see cref="IntakePace"/>). 1: no rest.
    /// </summary>
    public double IntakeShare { get; set; } = 0.2;

    /// <summary>The largest attachment kept or sent, in megabytes.</summary>
    public int MaxAttachmentMegabytes { get; set; } = 25;

    /// <summary>Where attachments are kept (relative to the content root; <c>mail-files</c> when empty).</summary>
    public string? FileDirectory { get; set; }

    public long MaxAttachmentBytes => MaxAttachmentMegabytes * 1024L * 1024L;
}
