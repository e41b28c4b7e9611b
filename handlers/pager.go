package handlers

import (
	"net/url"
	"strconv"
)

// pager links to the previous and next page of a list, keeping the list's
// query (search and filters) in the URL.
func pager(path string, query url.Values, page, perPage, total int) (prev, next string) {
	link := func(n int) string {
		v := url.Values{}
		for k, vals := range query {
			for _, val := range vals {
				if val != "" {
					v.Add(k, val)
				}
			}
		}
		if n > 1 {
			v.Set("page", strconv.Itoa(n))
		}
		if len(v) == 0 {
			return path
		}
		return path + "?" + v.Encode()
	}
	if page > 1 {
		prev = link(page - 1)
	}
	if page*perPage < total {
		next = link(page + 1)
	}
	return prev, next
}
