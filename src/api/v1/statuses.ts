import { Hono } from 'hono';
import type { AppEnv } from '../env.js';

export const statusesRoutes = new Hono<AppEnv>();
