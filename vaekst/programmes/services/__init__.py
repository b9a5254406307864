"""State changes of collective growth training. Every change is a verb-named service that
takes the acting user, checks who may do it, runs in a transaction and is audited."""
