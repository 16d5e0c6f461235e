"""Who someone is: accounts (`users`), passwords, sessions, and signing in and up (`sign_in`)."""
