"""Attachments on tickets and replies.

- taking files in: `rules` (limits, names, the type check; wording in `messages`, the allow-list
  in `types`), `intake` (validate, scan and store while streaming), `upload` (their rows, all or
  nothing), `streamed` and `threaded` (an async stream fed to the upload in a worker thread);
- seeing them: `listing` (who sees which), `download` (the download's one-statement lookup),
  `thumbnails`;
- removing them: `deletion` (soft delete and purge), `sweep` (bytes a crash left behind);
- `names` (storage keys, history fields, URLs) and `errors` (why a file was refused).
"""
