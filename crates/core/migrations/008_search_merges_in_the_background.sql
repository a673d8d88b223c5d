-- Commits no longer merge the search index's segments, which stalled one intake in a hundred
-- by 10 ms and more at a million tickets: the app merges them a step at a time in the
-- background (`Desk::tidy_search_index`), and FTS5's own crisis merge bounds the segments of a
-- desk only the CLI writes to.
INSERT INTO ticket_search (ticket_search, rank) VALUES ('automerge', 0);
