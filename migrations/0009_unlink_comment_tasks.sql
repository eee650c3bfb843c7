-- Custom (hand-written): a task made from a comment used to name the comment's
-- ballot (source_ref = ballot id), which the ballots export joins to every
-- rating of that voter. Forget it; new tasks name the comment by its key.
UPDATE "tasks" SET "source_ref" = NULL WHERE "source" = 'comment';
