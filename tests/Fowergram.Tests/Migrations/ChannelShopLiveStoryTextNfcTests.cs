using Dapper;
using Fowergram.Platform.Data;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Migrations;

/// <summary>
/// Migration 0260 composes (NFC) the user-written text stored before session 55 composed new text (docs/api.md "Composed
/// text"): broadcast channels and their messages (text, poll questions and options), products, live broadcasts and comments,
/// posts' alt texts, and stories' texts (alt text, link text, stickers, answers), which 0257 left. A text that composing would
/// make too long for its column stays as typed, as a new one does; text already composed is left alone.
/// </summary>
public sealed class ChannelShopLiveStoryTextNfcTests
{
    private static readonly IReadOnlyList<MigrationFile> Files = MigrationFile.LoadEmbedded();

    private const string Nfc = "Caf\u00e9", Nfd = "Cafe\u0301";

    // 50 characters that NFC makes 100 (U+0958 is a composition exclusion: it decomposes to U+0915 U+093C).
    private static readonly string TooLong = string.Concat(Enumerable.Repeat("\u0958", 50));

    [Fact]
    public async Task Text_stored_decomposed_is_composed_and_text_composing_would_make_too_long_stays_as_typed()
    {
        await using var scratch = await TestDatabase.CreateScratchAsync();
        await new Migrator(scratch.DataSource) { Files = Files.Where(f => f.Version < 260).ToList() }.MigrateAsync();
        await using var conn = await scratch.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO users (id, email, username, hashed_password) VALUES
              ('00000000-0000-0000-0000-000000000001', 'a@example.test', 'a', 'x');
            INSERT INTO broadcast_channels (id, owner_id, name, description, created_at, updated_at) VALUES
              ('00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-000000000001', @Nfd, @Nfd, now(), now()),
              ('00000000-0000-0000-0000-0000000000a2', '00000000-0000-0000-0000-000000000001', @TooLong, @Nfc, now(), now());
            INSERT INTO broadcast_channel_messages (id, channel_id, sender_id, content, created_at) VALUES
              ('00000000-0000-0000-0000-0000000000a3', '00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-000000000001', @Nfd, now());
            INSERT INTO broadcast_channel_messages (id, channel_id, sender_id, poll_question, poll_options, created_at) VALUES
              ('00000000-0000-0000-0000-0000000000a4', '00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-000000000001',
               @Nfd, ARRAY[@Nfd, 'Non', @TooLong], now());
            INSERT INTO broadcast_channel_scheduled_messages (id, channel_id, sender_id, publish_at, content, created_at) VALUES
              ('00000000-0000-0000-0000-0000000000a5', '00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-000000000001',
               now() + interval '1 day', @Nfd, now());
            INSERT INTO products (id, user_id, name, description, price, currency, category, brand) VALUES
              ('00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-000000000001', @Nfd, @Nfd, 1, 'EUR', @Nfd, @Nfd);
            INSERT INTO live_streams (id, user_id, title, description, stream_key_hash) VALUES
              ('00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-000000000001', @Nfd, @Nfd, 'k');
            INSERT INTO live_comments (id, stream_id, user_id, content) VALUES
              ('00000000-0000-0000-0000-0000000000c2', '00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-000000000001', @Nfd);
            INSERT INTO posts (id, user_id) VALUES ('00000000-0000-0000-0000-0000000000d1', '00000000-0000-0000-0000-000000000001');
            INSERT INTO post_media (id, post_id, blob_name, media_type, display_order, alt_text) VALUES
              ('00000000-0000-0000-0000-0000000000d2', '00000000-0000-0000-0000-0000000000d1', 'p/1', 'image', 0, @Nfd);
            INSERT INTO stories (id, user_id, blob_name, media_type, audience, expires_at, alt_text, link_url, link_text) VALUES
              ('00000000-0000-0000-0000-0000000000e1', '00000000-0000-0000-0000-000000000001', 's/1', 'image', 'public', now() + interval '1 day',
               @Nfd, 'https://example.test', @Nfd);
            INSERT INTO story_polls (id, story_id, question, option1, option2) VALUES
              ('00000000-0000-0000-0000-0000000000e2', '00000000-0000-0000-0000-0000000000e1', @Nfd, @Nfd, @TooLong);
            INSERT INTO story_questions (id, story_id, question_text) VALUES
              ('00000000-0000-0000-0000-0000000000e3', '00000000-0000-0000-0000-0000000000e1', @Nfd);
            INSERT INTO story_question_responses (id, question_id, user_id, response_text) VALUES
              ('00000000-0000-0000-0000-0000000000e4', '00000000-0000-0000-0000-0000000000e3', '00000000-0000-0000-0000-000000000001', @Nfd);
            INSERT INTO story_sliders (id, story_id, question, emoji) VALUES
              ('00000000-0000-0000-0000-0000000000e5', '00000000-0000-0000-0000-0000000000e1', @Nfd, '🔥');
            INSERT INTO story_quizzes (id, story_id, question, option1, option2, option3, option4, correct_option) VALUES
              ('00000000-0000-0000-0000-0000000000e6', '00000000-0000-0000-0000-0000000000e1', @Nfd, @Nfd, @Nfd, @Nfd, @Nfd, 1);
            INSERT INTO story_countdowns (id, story_id, title, ends_at) VALUES
              ('00000000-0000-0000-0000-0000000000e7', '00000000-0000-0000-0000-0000000000e1', @Nfd, now() + interval '1 day');
            INSERT INTO add_yours_prompts (id, user_id, prompt) VALUES
              ('00000000-0000-0000-0000-0000000000e8', '00000000-0000-0000-0000-000000000001', @Nfd);
            """, new { Nfc, Nfd, TooLong });

        await new Migrator(scratch.DataSource) { Files = Files }.MigrateAsync();

        Assert.Equal([(Nfc, Nfc), (TooLong, Nfc)],
            await conn.QueryAsync<(string, string)>("SELECT name, description FROM broadcast_channels ORDER BY id"));
        Assert.Equal([Nfc, "Non", TooLong],
            (await conn.ExecuteScalarAsync<string[]>("SELECT poll_options FROM broadcast_channel_messages WHERE poll_options IS NOT NULL"))!);
        Assert.Equal(TooLong, await conn.ExecuteScalarAsync<string>("SELECT option2 FROM story_polls"));
        var composed = await conn.QueryAsync<string>("""
            SELECT content FROM broadcast_channel_messages WHERE content IS NOT NULL
            UNION ALL SELECT poll_question FROM broadcast_channel_messages WHERE poll_question IS NOT NULL
            UNION ALL SELECT content FROM broadcast_channel_scheduled_messages
            UNION ALL SELECT unnest(ARRAY[name, description, category, brand]) FROM products
            UNION ALL SELECT unnest(ARRAY[title, description]) FROM live_streams UNION ALL SELECT content FROM live_comments
            UNION ALL SELECT alt_text FROM post_media UNION ALL SELECT unnest(ARRAY[alt_text, link_text]) FROM stories
            UNION ALL SELECT unnest(ARRAY[question, option1]) FROM story_polls UNION ALL SELECT question_text FROM story_questions
            UNION ALL SELECT response_text FROM story_question_responses UNION ALL SELECT question FROM story_sliders
            UNION ALL SELECT unnest(ARRAY[question, option1, option2, option3, option4]) FROM story_quizzes
            UNION ALL SELECT title FROM story_countdowns UNION ALL SELECT prompt FROM add_yours_prompts
            """);
        Assert.Equal(Enumerable.Repeat(Nfc, 25), composed);
    }
}
