using System.Net;
using System.Net.Sockets;
using System.Text;
using Fowergram.Platform.Email;
using Microsoft.Extensions.Options;

namespace Fowergram.Tests.Platform.Email;

/// <summary>The real SMTP sender against a minimal SMTP server on a loopback port.</summary>
public sealed class SmtpEmailSenderTests
{
    [Fact]
    public async Task Sender_delivers_a_plain_text_mail_over_smtp()
    {
        using var server = new FakeSmtpServer();
        var sender = new SmtpEmailSender(Options.Create(new EmailOptions
        {
            From = "Fowergram <no-reply@fowergram.test>",
            Smtp = new EmailOptions.SmtpSettings { Host = "127.0.0.1", Port = server.Port, EnableSsl = false },
        }));
        var serving = server.ReceiveOneAsync();

        await sender.SendAsync(new EmailMessage("ada@example.com", "Hello Ada", "Line one\nLine two"), default);

        var session = await serving.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("MAIL FROM:<no-reply@fowergram.test>", session);
        Assert.Contains("RCPT TO:<ada@example.com>", session);
        Assert.Contains("Subject: Hello Ada", session);
        Assert.Contains("Line one", session);
    }

    [Fact]
    public async Task Sender_throws_when_the_server_refuses_so_the_consumer_retries()
    {
        using var server = new FakeSmtpServer(refuseRecipient: true);
        var sender = new SmtpEmailSender(Options.Create(new EmailOptions
        {
            Smtp = new EmailOptions.SmtpSettings { Host = "127.0.0.1", Port = server.Port, EnableSsl = false },
        }));
        var serving = server.ReceiveOneAsync();
        await Assert.ThrowsAnyAsync<System.Net.Mail.SmtpException>(() =>
            sender.SendAsync(new EmailMessage("ada@example.com", "Hello", "Body"), default));
        await serving.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Sender_gives_up_on_a_server_that_never_answers_so_the_consumer_is_not_wedged()
    {
        // SmtpClient's Timeout binds only its synchronous Send: SendMailAsync waited for a silent server (a dropped
        // connection, a tarpit) for ever, and with it the email-delivery consumer and the Server host's whole dispatcher
        // round, which waits for every consumer's share: no counter, notification or feed entry moved again.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var accepted = listener.AcceptTcpClientAsync(); // accepts, then says nothing
            var sender = new SmtpEmailSender(Options.Create(new EmailOptions
            {
                Smtp = new EmailOptions.SmtpSettings
                {
                    Host = "127.0.0.1", Port = ((IPEndPoint)listener.LocalEndpoint).Port, EnableSsl = false, Timeout = TimeSpan.FromSeconds(1),
                },
            }));

            var sending = sender.SendAsync(new EmailMessage("ada@example.com", "Hello", "Body"), default);

            await Task.WhenAny(sending, Task.Delay(TimeSpan.FromSeconds(20)));
            Assert.True(sending.IsCompleted, "The send still waits for the silent server.");
            await Assert.ThrowsAsync<TimeoutException>(() => sending);
            (await accepted).Dispose();
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>Speaks just enough SMTP (RFC 5321) for one mail and records the conversation.</summary>
    private sealed class FakeSmtpServer(bool refuseRecipient = false) : IDisposable
    {
        private readonly TcpListener _listener = Start();

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        private static TcpListener Start()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return listener;
        }

        public async Task<string> ReceiveOneAsync()
        {
            using var client = await _listener.AcceptTcpClientAsync();
            await using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            var log = new StringBuilder();
            await writer.WriteLineAsync("220 fake ESMTP");
            while (await reader.ReadLineAsync() is { } line)
            {
                log.AppendLine(line);
                var verb = line.Split(' ', ':')[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO" or "HELO": await writer.WriteLineAsync("250 fake"); break;
                    case "MAIL": await writer.WriteLineAsync("250 OK"); break;
                    case "RCPT": await writer.WriteLineAsync(refuseRecipient ? "550 No such user" : "250 OK"); break;
                    case "DATA":
                        await writer.WriteLineAsync("354 Go ahead");
                        while (await reader.ReadLineAsync() is { } data && data != ".") log.AppendLine(data);
                        await writer.WriteLineAsync("250 Queued");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 Bye");
                        return log.ToString();
                    default: await writer.WriteLineAsync("250 OK"); break;
                }
            }
            return log.ToString();
        }

        public void Dispose() => _listener.Stop();
    }
}
