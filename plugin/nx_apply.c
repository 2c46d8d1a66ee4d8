/* SPDX-License-Identifier: MIT */
/*
** nx_apply.c: doc:apply(spec [, between]), a compiled site rule applied to
** the document in one call from Lua.
**
**   spec.select   { {xpath, attr, all}, ... }  every field selector and
**                 next-page read of the rule, in the order the rule names
**                 them (xpath compiled, attr a string or nil)
**   spec.strip    { xpath, ... }   the rule's strip list
**   spec.content  { xpath, ... }   the rule's body selectors (or nil)
**   spec.content_opts              doc:content's options (or nil)
**   between       function(values, errors): called after the selections
**                 and before the strips, while the tree is still whole
**
** The selections run first, each as doc:select(xpath, attr, all) would:
** values[i] is its string, list, or false where nothing matched, and
** errors[i] the message where it raised (the caller replays it where the
** rule would have read that selector).  Then between(values, errors) runs
** in Lua: the rule's patterns, transforms and generic readers work there,
** on the values, with the tree unchanged.  Then the strips run, each as
** doc:strip(xpath), and the body is read as doc:content(selectors).
**
** Returns strip_errors (a table: [i] = the message of strip i that
** failed), then what doc:content returns (nil when spec.content is nil).
**
** No libxml2 memory is held here: each primitive frees what it takes
** before it returns, so any Lua error (a raising `between`) leaks nothing.
*/
#include "nx_apply.h"

/* Calls fn(doc, ...) with the `nargs` values on top of the stack,
** protected; leaves `nres` results, or the error message and returns 0. */
static int nx_apply_call(lua_State *L, lua_CFunction fn, int nargs, int nres,
                         int protect)
{
    lua_pushcfunction(L, fn);                       /* .., args, fn */
    lua_insert(L, -(nargs + 1));                    /* .., fn, args */
    lua_pushvalue(L, 1);                            /* .., fn, args, doc */
    lua_insert(L, -(nargs + 1));                    /* .., fn, doc, args */
    if (!protect) {
        lua_call(L, nargs + 1, nres);
        return 1;
    }
    return lua_pcall(L, nargs + 1, nres, 0) == 0;
}

/* The selections: values and errors tables pushed (in that order). */
static void nx_apply_select(lua_State *L, const nx_apply_ops *ops)
{
    int list, values, errors, i, n;
    lua_getfield(L, 2, "select");
    list = lua_gettop(L);
    lua_newtable(L);
    values = lua_gettop(L);
    lua_newtable(L);
    errors = lua_gettop(L);
    n = lua_type(L, list) == LUA_TTABLE ? (int)lua_rawlen(L, list) : 0;
    for (i = 1; i <= n; i++) {
        lua_rawgeti(L, list, i);                    /* .., entry */
        if (lua_type(L, -1) != LUA_TTABLE)
            luaL_error(L, "apply: select[%d]: expected a table", i);
        lua_rawgeti(L, -1, 1);                      /* .., entry, xpath */
        lua_rawgeti(L, -2, 2);                      /* .., entry, xpath, attr */
        lua_rawgeti(L, -3, 3);                      /* .., xpath, attr, all */
        if (nx_apply_call(L, ops->select, 3, 1, 1)) {
            if (lua_isnil(L, -1)) {
                lua_pop(L, 1);
                lua_pushboolean(L, 0);
            }
            lua_rawseti(L, values, i);              /* .., entry */
        } else {
            lua_rawseti(L, errors, i);
        }
        lua_pop(L, 1);
    }
    lua_remove(L, list);                            /* .., values, errors */
}

/* The strips: a table of their error messages pushed. */
static void nx_apply_strip(lua_State *L, const nx_apply_ops *ops)
{
    int list, errs, i, n;
    lua_getfield(L, 2, "strip");
    list = lua_gettop(L);
    lua_newtable(L);
    errs = lua_gettop(L);
    n = lua_type(L, list) == LUA_TTABLE ? (int)lua_rawlen(L, list) : 0;
    for (i = 1; i <= n; i++) {
        lua_rawgeti(L, list, i);                    /* .., xpath */
        nx_apply_call(L, ops->strip, 1, 2, 0);      /* .., count, err */
        if (lua_isnil(L, -2) && !lua_isnil(L, -1)) {
            lua_rawseti(L, errs, i);
            lua_pop(L, 1);
        } else {
            lua_pop(L, 2);
        }
    }
    lua_remove(L, list);                            /* .., errs */
}

NX_FUNC int nx_apply_run(lua_State *L, const nx_apply_ops *ops)
{
    int top;
    luaL_checktype(L, 2, LUA_TTABLE);
    if (!lua_isnoneornil(L, 3))
        luaL_checktype(L, 3, LUA_TFUNCTION);
    lua_settop(L, 3);
    nx_apply_select(L, ops);                        /* doc, spec, fn, v, e */
    if (!lua_isnil(L, 3)) {
        lua_pushvalue(L, 3);
        lua_insert(L, -3);                          /* .., fn, v, e */
        lua_call(L, 2, 0);
    } else {
        lua_pop(L, 2);
    }
    nx_apply_strip(L, ops);                         /* doc, spec, fn, errs */
    top = lua_gettop(L);
    lua_getfield(L, 2, "content");
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return 1;                                   /* errs */
    }
    lua_getfield(L, 2, "content_opts");             /* errs, sels, opts */
    nx_apply_call(L, ops->content, 2, 2, 0);        /* errs, res, err */
    return lua_gettop(L) - top + 1;
}
