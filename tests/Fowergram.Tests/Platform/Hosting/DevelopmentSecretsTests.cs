using Fowergram.Server;

namespace Fowergram.Tests.Platform.Hosting;

/// <summary>
/// The development signing keys under .data/: hosts starting side by side on a fresh checkout (a clean-clone CI run starts
/// several test hosts at once) must all read the one key that was made, never an empty or half-written file.
/// </summary>
public sealed class DevelopmentSecretsTests
{
    [Fact]
    public async Task Hosts_making_the_key_at_once_all_read_the_same_whole_key()
    {
        for (var round = 0; round < 300; round++)
        {
            var dir = Path.Combine(Path.GetTempPath(), "fowergram-secrets-" + Guid.NewGuid().ToString("N"));
            try
            {
                using var start = new ManualResetEventSlim();
                var readers = Enumerable.Range(0, 16).Select(_ => Task.Run(() => { start.Wait(); return DevelopmentSecrets.KeyIn(dir, "dev-signing-key"); })).ToList();
                start.Set();
                var keys = await Task.WhenAll(readers);

                Assert.Single(keys.Distinct());
                Assert.Equal(32, Convert.FromBase64String(keys[0]).Length);
                Assert.Equal(["dev-signing-key"], Directory.GetFiles(dir).Select(Path.GetFileName));
                Assert.Equal(keys[0], DevelopmentSecrets.KeyIn(dir, "dev-signing-key")); // kept across restarts
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
