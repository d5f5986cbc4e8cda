// The report's only script, inlined (the page's Content-Security-Policy allows exactly this text by
// its hash): click a column header of the learners' table to sort by it, again to reverse. It reads
// the cells' data-sort values and moves rows; it never builds HTML from data.
export const SORT_SCRIPT = `(() => {
  const table = document.getElementById('learners');
  if (!table) return;
  const body = table.tBodies[0];
  for (const button of table.querySelectorAll('thead button')) {
    button.addEventListener('click', () => {
      const th = button.closest('th');
      const col = Number(button.dataset.col);
      const numeric = button.dataset.type === 'num';
      const dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      for (const other of table.querySelectorAll('thead th')) other.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
      const key = (row) => row.cells[col].dataset.sort ?? '';
      const rows = [...body.rows].sort((a, b) => {
        const x = key(a), y = key(b);
        if (numeric) {
          // Unknown values (empty) sort last either way.
          if (x === '' || y === '') return (x === '') - (y === '');
          return dir * (Number(x) - Number(y));
        }
        return dir * x.localeCompare(y);
      });
      body.append(...rows);
    });
  }
})();`;
