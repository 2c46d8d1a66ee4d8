# tests/nginx/t/filter.t: the body filter: the page URL it learns, the
# nginx variables, and the gzip-bomb bounds, against a real nginx.

=== TEST 1: the page URL comes from server_name, not from the client's Host header
--- config
    location /f/ {
        alias @PAGES@/;
        header_filter_by_lua_block { require("newsextract.resty").header_filter({ format = "html" }) }
        body_filter_by_lua_block { require("newsextract.resty").body_filter() }
    }
--- request
GET /f/relative.html
--- more_headers
Host: evil.example
--- response_body_like
src="http://news%.example%.com:%d+/img/ferry%.jpg"
--- response_body_unlike
evil%.example

=== TEST 2: trust_host = true takes the Host header (the operator says so)
--- config
    location /f/ {
        alias @PAGES@/;
        header_filter_by_lua_block {
            require("newsextract.resty").header_filter({ format = "html", trust_host = true })
        }
        body_filter_by_lua_block { require("newsextract.resty").body_filter() }
    }
--- request
GET /f/relative.html
--- more_headers
Host: proxy.example
--- response_body_like
src="http://proxy%.example/img/ferry%.jpg"

=== TEST 3: $newsextract_url and $newsextract_format configure a location
--- config
    location /f/ {
        alias @PAGES@/;
        set $newsextract_url "https://www.courier.example$uri";
        set $newsextract_format reader;
        header_filter_by_lua_block { require("newsextract.resty").header_filter() }
        body_filter_by_lua_block { require("newsextract.resty").body_filter() }
    }
--- request
GET /f/relative.html
--- response_headers
Content-Type: text/html; charset=utf-8
--- response_headers_like
Content-Security-Policy: script%-src 'none'
--- response_body_like
<h1>Ferry returns to the island after storm repairs</h1>
src="https://www%.courier%.example/img/ferry%.jpg"
Source: <a href="https://www%.courier%.example/f/relative%.html"

=== TEST 4: control: a gzip page from upstream is inflated and extracted
--- http_config
    init_by_lua_block { require("newsextract.resty").configure({ max_size = 1048576 }) }
--- config
    location /p/ {
        proxy_pass http://127.0.0.1:@PORT2@/gz/;
        header_filter_by_lua_block { require("newsextract.resty").header_filter() }
        body_filter_by_lua_block { require("newsextract.resty").body_filter() }
    }
--- request
GET /p/article.html.gz
--- response_body_like
"title":"Harbour town votes to rebuild its lighthouse"

=== TEST 5: a gzip bomb (256 MiB in 260 KB) is cut by the ratio bound
--- http_config
    init_by_lua_block { require("newsextract.resty").configure({ max_size = 1048576 }) }
--- request
GET /p/bomb.html.gz
--- max_body_bytes: 1000
--- max_rss_growth_kb: 40000
--- response_body_like
"error":"response too large once decompressed"
--- error_log
gzip bomb: over 4194304 bytes or 300 x the

=== TEST 6: with a lax ratio, the total bound (max_inflated) still cuts it
--- http_config
    init_by_lua_block {
        require("newsextract.resty").configure({ max_size = 1048576, max_ratio = 2000,
            max_inflated = 3 * 1048576 })
    }
--- request
GET /p/bomb.html.gz
--- max_body_bytes: 1000
--- max_rss_growth_kb: 40000
--- response_body_like
"error":"response too large once decompressed"
--- error_log
gzip bomb: over 3145728 bytes or 2000 x the
