"""The language models and their sources: a language and corpus texts in, a `CharModel` out.

`sources` and `catalogs` gather what a model learns from (word lists, the installed packages'
English, the installed translation catalogs); `training` estimates the n-grams, `table` holds
them in a hashed table, `hashing` hashes strings of code points, `marks` models combining marks
apart from the letters they sit on, and `model` scores text through weighted layers.
`base_model` builds the base layer once per language and install; `language_model` mixes it
with a layer learned from the corpus texts it is given. Both are cached on disk, keyed by what
made them, the code that shapes them included. The channel is known only for the marks code
pages can encode; holes and the search are not known here.
"""
