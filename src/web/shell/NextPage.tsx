/**
 * The paging control under a list read by cursor: "Next page" while the hub
 * says there is one, and "First page" once the reader has moved on, so a list
 * never strands them. The list's owner keeps the cursor (`after`).
 */
export interface PageCursor {
  hasNextPage: boolean;
  endCursor?: string | null;
}

export function NextPage({ pageInfo, after, onPage, what }: { pageInfo: PageCursor; after?: string; onPage(after: string | undefined): void; what: string }) {
  if (!pageInfo.hasNextPage && !after) return null;
  return (
    <nav className="pager" aria-label={`Pages of ${what}`}>
      {after && (
        <button type="button" className="secondary" onClick={() => onPage(undefined)}>
          First page
        </button>
      )}
      {pageInfo.hasNextPage && (
        <button type="button" onClick={() => onPage(pageInfo.endCursor ?? undefined)}>
          Next page
        </button>
      )}
    </nav>
  );
}
