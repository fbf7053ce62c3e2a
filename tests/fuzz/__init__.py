"""Fuzzing every file loader: mutated valid files, wrong names, empty and random files, bombs."""
