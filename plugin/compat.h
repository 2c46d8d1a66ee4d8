/* SPDX-License-Identifier: MIT */
/*
** compat.h: the 5.2+ calls the binding uses, mapped onto the 5.1 API.
** LuaJIT 2.1 (OpenResty, nginx) already has luaL_setfuncs, luaL_newlib
** and luaL_testudata; plain Lua 5.1 (what luarocks builds 5.1 rocks
** against on Debian) does not, and gets these.  A module built either way
** loads in LuaJIT: the ABI is the same.
*/
#ifndef NX_COMPAT_H
#define NX_COMPAT_H

#include <lua.h>
#include <lauxlib.h>

#if LUA_VERSION_NUM < 502
#define lua_rawlen(L, i) lua_objlen(L, (i))

#if !defined(luaL_newlib)          /* LuaJIT's lauxlib.h defines it */
static void nx_compat_setfuncs(lua_State *L, const luaL_Reg *l, int nup)
{
    luaL_checkstack(L, nup, "too many upvalues");
    for (; l->name != NULL; l++) {
        int i;
        for (i = 0; i < nup; i++)
            lua_pushvalue(L, -nup);
        lua_pushcclosure(L, l->func, nup);
        lua_setfield(L, -(nup + 2), l->name);
    }
    lua_pop(L, nup);
}

static void *nx_compat_testudata(lua_State *L, int ud, const char *tname)
{
    void *p = lua_touserdata(L, ud);
    if (p != NULL && lua_getmetatable(L, ud)) {
        luaL_getmetatable(L, tname);
        if (!lua_rawequal(L, -1, -2))
            p = NULL;
        lua_pop(L, 2);
        return p;
    }
    return NULL;
}

#define luaL_setfuncs nx_compat_setfuncs
#define luaL_testudata nx_compat_testudata
#define luaL_newlib(L, l) \
    (lua_createtable(L, 0, (int)(sizeof(l) / sizeof((l)[0]) - 1)), \
     luaL_setfuncs(L, l, 0))
#endif
#endif

#endif
