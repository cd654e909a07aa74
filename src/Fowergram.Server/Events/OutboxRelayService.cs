using Dapper;
using Fowergram.Platform.Events;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Server.Events;

/// <summary>
/// Relays the outbox as soon as a transaction that wrote to it commits: it LISTENs on the channel
/// that <see cref="Outbox.EnqueueAsync"/> NOTIFYs, and polls as a safety net. The Functions host's
/// equivalent is the outbox sweep timer plus an immediate relay after each request.
/// </summary>
internal sealed class OutboxRelayService(NpgsqlDataSource db, OutboxRelay relay, IOptions<EventOptions> options,
    ILogger<OutboxRelayService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var conn = await db.OpenConnectionAsync(stoppingToken);
                try
                {
                    await conn.ExecuteAsync(new CommandDefinition($"LISTEN {Outbox.NotifyChannel}", cancellationToken: stoppingToken));
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await relay.RelayAllAsync(stoppingToken);
                        await conn.WaitAsync(options.Value.RelayPollInterval, stoppingToken);
                    }
                }
                finally
                {
                    await UnlistenAsync(conn);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Outbox relay failed; retrying shortly");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// LISTEN is session state and pooled sessions are not reset (DataServices): a session that goes back to the
    /// pool must not keep receiving every commit's notification. A broken session is not pooled at all.
    /// </summary>
    private static async Task UnlistenAsync(NpgsqlConnection conn)
    {
        if (conn.State != System.Data.ConnectionState.Open) return;
        try
        {
            await conn.ExecuteAsync("UNLISTEN *");
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // A broken session: Npgsql closes it instead of pooling it, so nothing is left listening.
        }
    }
}
