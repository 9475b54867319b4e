import { INCIDENTS_TEXT } from '../incidents/incidents.text';
import { Views } from './views';

describe('pages', () => {
  it('show a multi-line value in a textarea as it was written, whatever the indentation of the partial', () => {
    const html = new Views().render('incidents/new', undefined, '/incidents/new', { title: 'Declare', t: INCIDENTS_TEXT, values: { message: 'Line one\n\nLine two' }, severities: [], statuses: [] });
    expect(html).toContain('>Line one\n\nLine two</textarea>');
  });

  it('give the field for other tags no copy of its fieldset’s hint', () => {
    const html = new Views().render('incidents/new', undefined, '/incidents/new', { title: 'Declare', t: INCIDENTS_TEXT, values: {}, severities: [], statuses: [], componentOptions: [{ value: 'internet', label: '2 customers follow it' }] });
    expect(html).toContain('id="components-hint"');
    expect(html).not.toContain('id="componentsOther-hint"');
  });
});
