"""The damage channel and its detection: a page's text in, its code page and holes out.

`channel` models the channel exactly (damage a text; encode damaged text back to the bytes it
came from; which bytes each code page loses, the only bytes a repair may insert). `holes` finds
where bytes were lost in the encoded-back page and lists every completion the channel allows.
`detect` says whether a page is clean or which code page damaged it, from the channel alone: no
language model is needed to know that a page is damaged. Nothing here imports the rest of read/.
"""
