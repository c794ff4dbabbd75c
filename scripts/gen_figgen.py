"""mkdocs-gen-files script: put figgen's figures, animations and data into the site."""

import mkdocs_gen_files
from mkdocs.exceptions import PluginError

from figgen.config import ConfigError
from figgen.settings import build_settings
from figgen.site import generate_site_files
from figgen.train import DivergenceError

try:
    # mkdocs.yml's `extra: figgen:` (validated already by the hooks' on_config)
    generate_site_files(mkdocs_gen_files.open, build_settings(mkdocs_gen_files.config["extra"].get("figgen")))
except DivergenceError as exc:  # a setting, not a bug: one line, and nothing is plotted
    raise PluginError(f"figgen: {exc}; nothing was plotted") from None
except ConfigError as exc:  # a claim of the page that these settings make false (figgen.claims)
    raise PluginError(f"figgen: {exc}") from None
