-- When each kept monthly bill becomes final (#16): before it the provider's figures are for reference only and the
-- close statement says "not yet due" (Alibaba: 12:00 Asia/Shanghai on the 3rd of the next month). Bills kept
-- before this column existed have none (treated as due).
ALTER TABLE provider_invoice ADD COLUMN final_at timestamptz;
