-- Nothing to undo: which form each word was typed in is not kept, and the composed one matches the same text. The
-- duplicates it removed were one word. (A statement, so the migrator has something to run.)
SELECT 1;
