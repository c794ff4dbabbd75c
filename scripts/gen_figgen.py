"""mkdocs-gen-files script: put figgen's figures, animations and data into the site."""

import mkdocs_gen_files

from figgen.settings import build_settings
from figgen.site import generate_site_files

# mkdocs.yml's `extra: figgen:` (validated already by the hooks' on_config)
generate_site_files(mkdocs_gen_files.open, build_settings(mkdocs_gen_files.config["extra"].get("figgen")))
