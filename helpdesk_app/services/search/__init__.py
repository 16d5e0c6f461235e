"""Full-text search: the index every write keeps in step, the query syntax, results with snippets."""
