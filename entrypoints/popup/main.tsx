import { render } from 'preact';
render(<p>Angle Mort</p>, document.getElementById('app')!);
