"""mkdocs-gen-files script: put figgen's figures, animations and data into the site."""

import mkdocs_gen_files

from figgen.site import generate_site_files

generate_site_files(mkdocs_gen_files.open)
