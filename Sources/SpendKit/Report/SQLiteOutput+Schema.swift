extension SQLiteOutput {
    /// Tables; documented in the README ("The SQLite database").
    static let schema = """
        CREATE TABLE run (key TEXT PRIMARY KEY, value);
        CREATE TABLE files (id INTEGER PRIMARY KEY, path TEXT NOT NULL, encoding TEXT, profile TEXT);
        CREATE TABLE lines (
            file_id INTEGER NOT NULL,  -- files.id
            line INTEGER NOT NULL,
            year INTEGER NOT NULL,
            booking_date TEXT,
            invoice_date TEXT,
            supplier_key TEXT NOT NULL,
            supplier_id TEXT,
            supplier_name TEXT,
            invoice_number TEXT,
            voucher TEXT,
            account TEXT,
            account_text TEXT,
            cost_centre TEXT,
            board TEXT NOT NULL,
            buyer TEXT,
            description TEXT,
            category TEXT NOT NULL,
            subcategory TEXT NOT NULL,
            rule_line INTEGER,
            contract_id TEXT,
            amount_ore INTEGER NOT NULL
        );
        CREATE TABLE rejects (file TEXT NOT NULL, line INTEGER NOT NULL, reason TEXT NOT NULL);
        CREATE TABLE rules (line INTEGER PRIMARY KEY, category TEXT, subcategory TEXT, orgs TEXT, accounts TEXT, names TEXT, texts TEXT);
        CREATE TABLE contracts (id TEXT PRIMARY KEY, name TEXT, supplier_name TEXT, suppliers TEXT, category TEXT, subcategory TEXT,
            valid_from TEXT, valid_to TEXT, extension_to TEXT, ceiling_ore INTEGER, kind TEXT, kraljic TEXT);
        CREATE TABLE organisation (kst TEXT, forvaltning TEXT, namnd TEXT);

        CREATE VIEW spend_lines AS
            SELECT l.*, f.path AS file, l.amount_ore / 100.0 AS amount_sek, l.contract_id IS NOT NULL AS on_contract
            FROM lines l JOIN files f ON f.id = l.file_id;
        CREATE VIEW category_spend AS
            SELECT year, category, SUM(amount_ore) / 100.0 AS amount_sek, COUNT(*) AS lines,
                   COUNT(DISTINCT supplier_key) AS suppliers
            FROM lines GROUP BY year, category;
        CREATE VIEW subcategory_spend AS
            SELECT year, category, subcategory, SUM(amount_ore) / 100.0 AS amount_sek,
                   SUM(CASE WHEN contract_id IS NULL THEN amount_ore ELSE 0 END) / 100.0 AS off_contract_sek, COUNT(*) AS lines
            FROM lines GROUP BY year, category, subcategory;
        CREATE VIEW supplier_spend AS
            SELECT year, category, supplier_key, MIN(supplier_name) AS supplier_name, SUM(amount_ore) / 100.0 AS amount_sek,
                   COUNT(DISTINCT invoice_number) AS invoices, COUNT(*) AS lines,
                   SUM(CASE WHEN contract_id IS NULL THEN amount_ore ELSE 0 END) / 100.0 AS off_contract_sek
            FROM lines GROUP BY year, category, supplier_key;
        CREATE VIEW board_spend AS
            SELECT year, category, board, SUM(amount_ore) / 100.0 AS amount_sek, COUNT(*) AS lines
            FROM lines GROUP BY year, category, board;
        CREATE VIEW contract_loyalty AS
            SELECT year, category, SUM(CASE WHEN contract_id IS NOT NULL THEN amount_ore ELSE 0 END) / 100.0 AS on_contract_sek,
                   SUM(CASE WHEN contract_id IS NULL THEN amount_ore ELSE 0 END) / 100.0 AS off_contract_sek,
                   ROUND(1.0 * SUM(CASE WHEN contract_id IS NULL THEN amount_ore ELSE 0 END) / SUM(amount_ore), 4) AS off_contract_share
            FROM lines GROUP BY year, category;
        """

    static let indexes = """
        CREATE INDEX lines_year_category ON lines (year, category, subcategory);
        CREATE INDEX lines_supplier ON lines (supplier_key);
        CREATE INDEX lines_source ON lines (file_id, line);
        """
}
