using Fowergram.Platform.Content;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>The things a takedown removes and an appeal may bring back, made over HTTP by <c>author</c>, by report target type.</summary>
internal static class RemovableThings
{
    public static async Task<Guid> CreateAsync(FowergramApp app, string kind, TestUser author) => kind switch
    {
        "post" => await new PostsClient(app).PostIdAsync(author),
        "reel" => await new ReelsClient(app).ReelIdAsync(author),
        "story" => (await new StoryClient(app).CreateStoryAsync(new Person(author.Id, author.Username))).Id,
        _ => await new VideosClient(app).VideoIdAsync(author),
    };
}
