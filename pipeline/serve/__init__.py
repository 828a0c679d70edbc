"""The translator's live workbench: ``pipeline serve`` (server, watcher, edits through po/)."""
