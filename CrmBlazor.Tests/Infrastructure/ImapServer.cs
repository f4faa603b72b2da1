using System.Diagnostics;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// A private IMAP server (Debian's dovecot-imapd) in a temporary directory on a free loopback port, with a password
/// file of its own and plain-text login (no TLS): the e-mail tests deliver messages with <see cref="AppendAsync"/> and
/// the CRM reads them as it reads a real mailbox. Each test takes a mailbox of its own from <see cref="NewUser"/>.
/// </summary>
public sealed class ImapServer : IDisposable
{
    public const string Password = "secret";
    private readonly string _directory;
    private readonly string _config;
    private readonly Process _process;
    private int _users;

    public ImapServer()
    {
        if (!File.Exists("/usr/sbin/dovecot"))
        {
            throw new InvalidOperationException("dovecot-imapd is needed for the e-mail tests: ./test.sh installs it (apt-get install dovecot-imapd).");
        }
        _directory = Directory.CreateTempSubdirectory("crm-imap-").FullName;
        Port = Loopback.FreePort();
        // Users are added to the password file later; dovecot reads it on every login.
        File.WriteAllText(Path.Combine(_directory, "users"), "");
        _config = Path.Combine(_directory, "dovecot.conf");
        File.WriteAllText(_config, Config());
        if (Environment.UserName == "root")
        {
            // As root dovecot drops to nobody: the folders it writes must be theirs to write.
            Execute("chmod", $"-R 0777 {_directory}");
        }
        _process = Process.Start(new ProcessStartInfo("/usr/sbin/dovecot", $"-F -c {_config}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Loopback.WaitUntilListening(Port, _process, TimeSpan.FromSeconds(30), () =>
        {
            var log = Path.Combine(_directory, "dovecot.log");
            return $"dovecot did not start: {(File.Exists(log) ? File.ReadAllText(log) : "no log")}";
        });
    }

    public int Port { get; }
    public string Host => "127.0.0.1";

    /// <summary>A new mailbox user (<c>userN@test.local</c>, password <see cref="Password"/>) with an empty INBOX.</summary>
    public string NewUser()
    {
        var user = $"user{Interlocked.Increment(ref _users)}@test.local";
        lock (_config)
        {
            File.AppendAllText(Path.Combine(_directory, "users"), $"{user}:{{PLAIN}}{Password}\n");
        }
        return user;
    }

    /// <summary>Delivers a message into <paramref name="user"/>'s folder (INBOX by default), as a mail server would.</summary>
    public async Task AppendAsync(string user, MimeMessage message, string folder = "INBOX")
    {
        using var client = await ConnectAsync(user);
        var target = folder == "INBOX" ? client.Inbox : await client.GetFolderAsync(folder);
        await target.AppendAsync(new AppendRequest(message) { Flags = MessageFlags.None });
        await client.DisconnectAsync(true);
    }

    /// <summary>
    /// Delivers raw bytes, which need not be a well-formed message, as a local delivery agent would: a file in the
    /// INBOX's maildir <c>new/</c> folder, which dovecot takes in on its next look.
    /// </summary>
    public async Task AppendRawAsync(string user, byte[] raw)
    {
        using (var client = await ConnectAsync(user))
        {
            await client.DisconnectAsync(true); // the first sign-in makes the maildir
        }
        var inbox = Path.Combine(_directory, "mail", user, "new");
        var file = Path.Combine(inbox, $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.{Guid.NewGuid():N}.test");
        await File.WriteAllBytesAsync(file, raw);
        if (Environment.UserName == "root")
        {
            Execute("chmod", $"0666 {file}");
        }
    }

    /// <summary>A signed-in client for the test's own checks.</summary>
    public async Task<ImapClient> ConnectAsync(string user)
    {
        var client = new ImapClient();
        await client.ConnectAsync(Host, Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(user, Password);
        return client;
    }

    private string Config()
    {
        var root = Environment.UserName == "root";
        // As root, dovecot runs its processes as nobody (it refuses root for them); otherwise as the current user.
        var (user, group) = root ? ("nobody", "nogroup") : (Environment.UserName, Environment.UserName);
        return $$"""
            protocols = imap
            listen = 127.0.0.1
            base_dir = {{_directory}}/run
            state_dir = {{_directory}}/state
            log_path = {{_directory}}/dovecot.log
            info_log_path = {{_directory}}/dovecot.log
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            default_login_user = {{user}}
            default_internal_user = {{user}}
            default_internal_group = {{group}}
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u {{_directory}}/users
            }
            userdb {
              driver = static
              args = uid={{user}} gid={{group}} home={{_directory}}/mail/%u
            }
            mail_location = maildir:{{_directory}}/mail/%u
            service imap-login {
              inet_listener imap {
                address = 127.0.0.1
                port = {{Port}}
              }
              inet_listener imaps {
                port = 0
              }
              chroot =
            }
            service anvil {
              chroot =
            }
            service stats {
              unix_listener stats-reader {
                user = {{user}}
              }
              unix_listener stats-writer {
                user = {{user}}
              }
            }
            """;
    }

    private static void Execute(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        process.WaitForExit(30_000);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                // dovecot -F stays in the foreground: ending it ends its children too.
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
            _process.Dispose();
        }
        finally
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file the server still holds is left to the temp cleaner.
            }
        }
    }
}
