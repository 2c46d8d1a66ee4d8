-- SPDX-License-Identifier: MIT
-- A luarocks config for building against Debian's packages: lua-cjson is
-- installed by apt (lua-cjson), not as a rock, so luarocks is told it is
-- provided instead of fetching it.  Used by tests/install/rock.sh:
--   LUAROCKS_CONFIG=tests/install/provided.lua luarocks make
rocks_provided = {
   ["lua-cjson"] = "2.1.0-1",
}
