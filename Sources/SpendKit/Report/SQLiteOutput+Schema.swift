extension SQLiteOutput {
    /// Tables and views; documented in the README ("The SQLite database"). A line's own values are in `line_facts`,
    /// what many lines share in the dimension tables (`suppliers`, `accounts`, `classes`, `places`); `lines` joins
    /// them back into the one row per line the views and BI tools read. Its LEFT JOINs on primary keys let SQLite
    /// skip the dimensions a query does not use.
    static let schema = """
        CREATE TABLE run (key TEXT PRIMARY KEY, value);
        CREATE TABLE files (id INTEGER PRIMARY KEY, path TEXT NOT NULL, encoding TEXT, profile TEXT);
        CREATE TABLE line_facts (
            file_id INTEGER NOT NULL,  -- files.id
            line INTEGER NOT NULL,
            year INTEGER NOT NULL,
            amount_ore INTEGER NOT NULL,
            supplier INTEGER NOT NULL,  -- suppliers.id
            account INTEGER NOT NULL,  -- accounts.id
            class INTEGER NOT NULL,  -- classes.id
            place INTEGER NOT NULL,  -- places.id
            contract_id TEXT,
            booking_date TEXT,
            invoice_date TEXT,
            invoice_number TEXT,
            voucher TEXT,
            description TEXT
        );
        CREATE TABLE suppliers (id INTEGER PRIMARY KEY, supplier_key TEXT NOT NULL, supplier_id TEXT, supplier_name TEXT NOT NULL);
        CREATE TABLE accounts (id INTEGER PRIMARY KEY, account TEXT NOT NULL, account_text TEXT NOT NULL);
        CREATE TABLE classes (id INTEGER PRIMARY KEY, category TEXT NOT NULL, subcategory TEXT NOT NULL, rule_line INTEGER);
        CREATE TABLE places (id INTEGER PRIMARY KEY, cost_centre TEXT NOT NULL, board TEXT NOT NULL, buyer TEXT NOT NULL);
        CREATE TABLE rejects (file TEXT NOT NULL, line INTEGER NOT NULL, reason TEXT NOT NULL);
        CREATE TABLE rules (line INTEGER PRIMARY KEY, category TEXT, subcategory TEXT, orgs TEXT, accounts TEXT, names TEXT, texts TEXT);
        CREATE TABLE contracts (id TEXT PRIMARY KEY, name TEXT, supplier_name TEXT, suppliers TEXT, category TEXT, subcategory TEXT,
            valid_from TEXT, valid_to TEXT, extension_to TEXT, ceiling_ore INTEGER, kind TEXT, kraljic TEXT);
        CREATE TABLE organisation (kst TEXT, forvaltning TEXT, namnd TEXT);

        CREATE VIEW lines AS
            SELECT f.file_id, f.line, f.year, f.booking_date, f.invoice_date, s.supplier_key, s.supplier_id, s.supplier_name,
                   f.invoice_number, f.voucher, a.account, a.account_text, p.cost_centre, p.board, p.buyer, f.description,
                   c.category, c.subcategory, c.rule_line, f.contract_id, f.amount_ore
            FROM line_facts f LEFT JOIN suppliers s ON s.id = f.supplier LEFT JOIN accounts a ON a.id = f.account
                 LEFT JOIN places p ON p.id = f.place LEFT JOIN classes c ON c.id = f.class;
        CREATE VIEW spend_lines AS
            SELECT l.*, f.path AS file, l.amount_ore / 100.0 AS amount_sek, l.contract_id IS NOT NULL AS on_contract
            FROM lines l JOIN files f ON f.id = l.file_id;
        -- each supplier's name as the reports show it: its most frequent name in the year and category, ties to the
        -- alphabetically first
        CREATE VIEW supplier_names AS
            SELECT year, category, supplier_key, supplier_name FROM (
                SELECT year, category, supplier_key, supplier_name,
                       ROW_NUMBER() OVER (PARTITION BY year, category, supplier_key ORDER BY COUNT(*) DESC, supplier_name) AS n
                FROM lines WHERE supplier_name <> '' GROUP BY year, category, supplier_key, supplier_name)
            WHERE n = 1;
        -- off-contract figures only for categories the contract register covers (NULL elsewhere)
        -- suppliers: those whose spend in the year and category nets to something other than zero, as the reports count
        CREATE VIEW category_spend AS
            SELECT year, category, SUM(amount_ore) / 100.0 AS amount_sek, SUM(lines) AS lines,
                   SUM(amount_ore <> 0) AS suppliers
            FROM (SELECT year, category, supplier_key, SUM(amount_ore) AS amount_ore, COUNT(*) AS lines
                  FROM lines GROUP BY year, category, supplier_key)
            GROUP BY year, category;
        CREATE VIEW subcategory_spend AS
            SELECT year, category, subcategory, SUM(amount_ore) / 100.0 AS amount_sek,
                   CASE WHEN category IN (SELECT category FROM contracts)
                        THEN SUM(CASE WHEN contract_id IS NULL THEN amount_ore ELSE 0 END) / 100.0 END AS off_contract_sek, COUNT(*) AS lines
            FROM lines GROUP BY year, category, subcategory;
        -- summed per supplier first, then named: one name lookup per supplier, not per line
        CREATE VIEW supplier_spend AS
            SELECT s.year, s.category, s.supplier_key, COALESCE(n.supplier_name, s.supplier_key) AS supplier_name, s.amount_sek,
                   s.invoices, s.lines, s.off_contract_sek
            FROM (SELECT year, category, supplier_key, SUM(amount_ore) / 100.0 AS amount_sek, COUNT(DISTINCT invoice_number) AS invoices,
                         COUNT(*) AS lines,
                         CASE WHEN category IN (SELECT category FROM contracts)
                              THEN SUM(CASE WHEN contract_id IS NULL THEN amount_ore ELSE 0 END) / 100.0 END AS off_contract_sek
                  FROM lines GROUP BY year, category, supplier_key) s
            LEFT JOIN supplier_names n ON n.year = s.year AND n.category = s.category AND n.supplier_key = s.supplier_key
            ORDER BY s.year, s.category, s.supplier_key;
        CREATE VIEW board_spend AS
            SELECT year, category, board, SUM(amount_ore) / 100.0 AS amount_sek, COUNT(*) AS lines
            FROM lines GROUP BY year, category, board;
        CREATE VIEW board_subcategory_spend AS
            SELECT year, category, subcategory, board, SUM(amount_ore) / 100.0 AS amount_sek, COUNT(*) AS lines
            FROM lines GROUP BY year, category, subcategory, board;
        CREATE VIEW contract_loyalty AS
            SELECT year, category, SUM(CASE WHEN contract_id IS NOT NULL THEN amount_ore ELSE 0 END) / 100.0 AS on_contract_sek,
                   SUM(CASE WHEN contract_id IS NULL THEN amount_ore ELSE 0 END) / 100.0 AS off_contract_sek,
                   ROUND(1.0 * SUM(CASE WHEN contract_id IS NULL THEN amount_ore ELSE 0 END) / SUM(amount_ore), 4) AS off_contract_share
            FROM lines WHERE category IN (SELECT category FROM contracts) GROUP BY year, category;
        """

    /// The tables `SQLiteTableWriter` fills, in the order it fills them.
    static let bulkTables = ["line_facts", "suppliers", "accounts", "classes", "places"]
}
