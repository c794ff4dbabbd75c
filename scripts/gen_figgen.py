"""mkdocs-gen-files script: put figgen's figures, animations and data into the site.

The figgen MkDocs plugin (figgen.mkdocs_plugin) has parsed and checked its settings already;
it builds the files and hands them to mkdocs-gen-files.
"""

import mkdocs_gen_files

mkdocs_gen_files.config.plugins["figgen"].generate_files(mkdocs_gen_files.open)
