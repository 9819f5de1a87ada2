# A triple-quoted string never closed.
note = '''a note
that goes on
