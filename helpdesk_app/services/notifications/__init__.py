"""Notifications: who is told what (`rules`), written with the change that caused them (`fanout`), what
each person wants (`preferences`), and the bell's list (`inbox`). Mail goes out through services/mailing."""
