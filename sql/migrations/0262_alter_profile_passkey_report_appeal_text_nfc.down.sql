-- Nothing to undo, and nothing can be: which form each text was typed in (composed, decomposed, or a mix) is not kept, so
-- the typed form cannot be restored; the composed one is canonically equivalent, reads and displays the same, and is the
-- form new text is stored in. Rolling back leaves the rows composed. (A statement, so the migrator has something to run.)
SELECT 1;
