import { For, type JSX } from 'solid-js';

/** One column of a DataTable: its heading, and what each row shows in it. */
export interface Column<Row> {
  /** A function, so the heading follows a change of language. */
  header: () => string;
  cell: (row: Row) => JSX.Element;
  /** The column that names each row: a row header, which screen readers announce with the row's other cells. */
  rowHeader?: boolean;
}

/**
 * The app's one table: a caption for screen readers, column headers with scope, an optional row header, and
 * horizontal scrolling on narrow screens instead of squeezing the columns.
 */
export function DataTable<Row>(props: { caption: string; columns: readonly Column<Row>[]; rows: readonly Row[] }) {
  return (
    <div class="overflow-x-auto">
      <table class="w-full border-collapse text-start text-sm">
        <caption class="sr-only">{props.caption}</caption>
        <thead>
          <tr class="border-b border-slate-300 dark:border-slate-700">
            <For each={props.columns}>
              {(column) => (
                <th scope="col" class="px-2 py-2 text-start">
                  {column.header()}
                </th>
              )}
            </For>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(row) => (
              <tr class="border-b border-slate-200 dark:border-slate-800">
                <For each={props.columns}>
                  {(column) =>
                    column.rowHeader ? (
                      <th scope="row" class="px-2 py-2 text-start font-semibold">
                        {column.cell(row)}
                      </th>
                    ) : (
                      <td class="px-2 py-2">{column.cell(row)}</td>
                    )
                  }
                </For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
