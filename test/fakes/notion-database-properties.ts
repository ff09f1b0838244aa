/** Column types of the Notion databases the platform reads and writes, for `notion.createDatabase`. */

/** The Automation Queue's columns as the original EchoPilot runbook lays them out, for `notion.createDatabase`. */
export const AUTOMATION_QUEUE_PROPERTIES = {
  Name: 'title',
  Prompt: 'rich_text',
  Trigger: 'checkbox',
  Status: 'status',
  Client: 'rich_text',
  Type: 'select',
  'Media URL': 'url',
  'QA Score': 'number',
  'Cost (USD)': 'number',
  Run: 'url',
  Result: 'rich_text',
  Error: 'rich_text',
  'Task ID': 'rich_text',
} as const;

/** The Job Log: one row per finished task run (README "Notion setup"). */
export const JOB_LOG_PROPERTIES = {
  Job: 'title',
  'Task ID': 'rich_text',
  Status: 'select',
  'QA Score': 'number',
  'Cost (USD)': 'number',
  Tokens: 'number',
  Model: 'rich_text',
  Attempts: 'number',
  'Duration (s)': 'number',
  Build: 'rich_text',
  Run: 'url',
  Completed: 'date',
} as const;
