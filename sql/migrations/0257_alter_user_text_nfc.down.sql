-- Nothing to undo: which form each text was typed in is not kept, and the composed one reads and displays the same.
-- (A statement, so the migrator has something to run.)
SELECT 1;
