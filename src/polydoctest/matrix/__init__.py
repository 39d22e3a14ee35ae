"""The version matrix: the same pages run on several transformers lines, merged and compared.

`versions` names the lines (one pip constraints file each), `wheelhouse` and `envs` build one
virtual environment per line, `merge` turns run results into a version x page x step table,
`diff` lists the steps whose verdict changed between two versions and why, `render` prints
and writes the table. Nothing here imports the Hugging Face libraries: a matrix is read from
the JSON that `polydoctest run` wrote inside each environment.
"""
