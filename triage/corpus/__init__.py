"""A reproducible, labelled corpus of citizens' posts for training and a held-out test."""
