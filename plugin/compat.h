/* SPDX-License-Identifier: MIT */
/*
** compat.h: the 5.2+ calls the binding uses, mapped onto the 5.1 API.
** The 5.1 target is LuaJIT 2.1 (OpenResty), which already ships
** luaL_setfuncs, luaL_testudata and luaL_newlib; plain Lua 5.1 is not a
** target.
*/
#ifndef NX_COMPAT_H
#define NX_COMPAT_H

#include <lua.h>
#include <lauxlib.h>

#if LUA_VERSION_NUM < 502
#define lua_rawlen(L, i) lua_objlen(L, (i))
#define luaL_tolstring(L, i, n) lua_tolstring(L, (i), (n))
#endif

#endif
