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
