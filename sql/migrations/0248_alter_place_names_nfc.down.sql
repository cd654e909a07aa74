-- Nothing to undo: which form each name was typed in is not kept, and the composed one reads and displays the same. The
-- duplicate recent searches it removed were one place. (A statement, so the migrator has something to run.)
SELECT 1;
