"""The search that fills holes: a damaged page's bytes, its holes, a model and a lexicon in;
each hole's fill and its belief out (`decode.decode` gives a `Decoded`).

`lexicon` indexes known words by their damaged form, so a damaged token looks up the words it
can be; `layout` lays the page out as intact text between units (a hole, or a known word's
holes) with candidate options; `beam` is the beam search over clusters of units, batched
across the page; `beliefs` rescores every candidate in its repaired surroundings for the
confidence and alternatives; `decode` runs these steps in order. Nothing here reads files or
caches: models and lexicons arrive built.
"""
