-- Back in stock (docs/shopping.md "Price drops and restocks"): a product made available again tells the accounts that
-- kept it on their wishlist while it was sold out, as a price drop does (0088); the same entity, 'product'.
ALTER TABLE notifications DROP CONSTRAINT notifications_type_check,
    ADD CONSTRAINT notifications_type_check CHECK (type IN ('like', 'comment', 'reply', 'comment_like', 'mention', 'tag', 'follow',
        'follow_request', 'follow_accept', 'story_reaction', 'story_mention', 'reel_like', 'reel_comment', 'live_started', 'system',
        'video_like', 'video_comment', 'price_drop', 'back_in_stock'));
