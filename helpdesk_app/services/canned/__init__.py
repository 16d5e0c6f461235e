"""Canned replies: the library (`library`), their variables and sandboxed rendering (`template`,
`variables`)."""
